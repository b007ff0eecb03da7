// SPDX-License-Identifier: Apache-2.0
// Kernel: the benchmarks-game n-body simulation (Jovian planets, symplectic Euler); checksum is
// the bits of the final energy.

#ifndef STEPS
#define STEPS 400000
#endif

#define BODIES 5

static volatile int bodyCount = BODIES;

static const double kPi = 3.141592653589793;
static const double kSolarMass = 4.0 * kPi * kPi;
static const double kDaysPerYear = 365.24;

typedef struct {
  double x, y, z, vx, vy, vz, mass;
} Body;

static Body bodies[BODIES];

static void init(void) {
  static const double kInitial[BODIES][7] = {
      {0, 0, 0, 0, 0, 0, 1},
      {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
       1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
       9.54791938424326609e-04},
      {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
       -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
       2.85885980666130812e-04},
      {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
       2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
       4.36624404335156298e-05},
      {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
       2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
       5.15138902046611451e-05},
  };
  for (int i = 0; i < BODIES; i++) {
    bodies[i].x = kInitial[i][0];
    bodies[i].y = kInitial[i][1];
    bodies[i].z = kInitial[i][2];
    bodies[i].vx = kInitial[i][3] * kDaysPerYear;
    bodies[i].vy = kInitial[i][4] * kDaysPerYear;
    bodies[i].vz = kInitial[i][5] * kDaysPerYear;
    bodies[i].mass = kInitial[i][6] * kSolarMass;
  }
  // Offset the sun's momentum so the system's total momentum is zero.
  double px = 0, py = 0, pz = 0;
  for (int i = 0; i < BODIES; i++) {
    px += bodies[i].vx * bodies[i].mass;
    py += bodies[i].vy * bodies[i].mass;
    pz += bodies[i].vz * bodies[i].mass;
  }
  bodies[0].vx = -px / kSolarMass;
  bodies[0].vy = -py / kSolarMass;
  bodies[0].vz = -pz / kSolarMass;
}

static void advance(int n, double dt) {
  for (int i = 0; i < n; i++) {
    Body *bi = &bodies[i];
    for (int j = i + 1; j < n; j++) {
      Body *bj = &bodies[j];
      double dx = bi->x - bj->x, dy = bi->y - bj->y, dz = bi->z - bj->z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * __builtin_sqrt(d2));
      bi->vx -= dx * bj->mass * mag;
      bi->vy -= dy * bj->mass * mag;
      bi->vz -= dz * bj->mass * mag;
      bj->vx += dx * bi->mass * mag;
      bj->vy += dy * bi->mass * mag;
      bj->vz += dz * bi->mass * mag;
    }
  }
  for (int i = 0; i < n; i++) {
    bodies[i].x += dt * bodies[i].vx;
    bodies[i].y += dt * bodies[i].vy;
    bodies[i].z += dt * bodies[i].vz;
  }
}

static double energy(int n) {
  double e = 0.0;
  for (int i = 0; i < n; i++) {
    const Body *bi = &bodies[i];
    e += 0.5 * bi->mass * (bi->vx * bi->vx + bi->vy * bi->vy + bi->vz * bi->vz);
    for (int j = i + 1; j < n; j++) {
      const Body *bj = &bodies[j];
      double dx = bi->x - bj->x, dy = bi->y - bj->y, dz = bi->z - bj->z;
      e -= bi->mass * bj->mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

long long run(void) {
  init();
  int n = bodyCount;
  for (int s = 0; s < STEPS; s++) {
    advance(n, 0.01);
  }
  union {
    double d;
    long long i;
  } bits = {energy(n)};
  return bits.i;
}
