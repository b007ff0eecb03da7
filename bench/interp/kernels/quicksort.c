// SPDX-License-Identifier: Apache-2.0
// Kernel: quicksort (median-of-three, insertion sort below 16) of COUNT pseudo-random ints; the
// checksum (i32) hashes the sorted array, or is -1 if the array came out unsorted.

#ifndef COUNT
#define COUNT 700000
#endif

static volatile unsigned int seed = 0xdeadbeefu;

static int values[COUNT];

static void insertionSort(int *a, int lo, int hi) {
  for (int i = lo + 1; i <= hi; i++) {
    int v = a[i];
    int j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static void swap(int *a, int i, int j) {
  int t = a[i];
  a[i] = a[j];
  a[j] = t;
}

// Recurses into the smaller half and loops on the larger, so the depth stays O(log n).
static void quickSort(int *a, int lo, int hi) {
  while (hi - lo >= 16) {
    int mid = lo + (hi - lo) / 2;
    if (a[mid] < a[lo]) {
      swap(a, mid, lo);
    }
    if (a[hi] < a[lo]) {
      swap(a, hi, lo);
    }
    if (a[hi] < a[mid]) {
      swap(a, hi, mid);
    }
    int pivot = a[mid];
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) {
        i++;
      }
      while (a[j] > pivot) {
        j--;
      }
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (j - lo < hi - i) {
      quickSort(a, lo, j);
      lo = i;
    } else {
      quickSort(a, i, hi);
      hi = j;
    }
  }
  insertionSort(a, lo, hi);
}

int run(void) {
  unsigned int x = seed;
  for (int i = 0; i < COUNT; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    values[i] = (int)(x >> 1) - (1 << 30);
  }
  quickSort(values, 0, COUNT - 1);
  unsigned int hash = 2166136261u;
  for (int i = 0; i < COUNT; i++) {
    if (i > 0 && values[i - 1] > values[i]) {
      return -1;
    }
    hash = (hash ^ (unsigned int)values[i]) * 16777619u;
  }
  return (int)hash;
}
