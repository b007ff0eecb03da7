// SPDX-License-Identifier: Apache-2.0
// libfmt's compiled part, built into our binaries instead of linking Debian's libfmt.so.
//
// Why: libfmt.so pulls in libstdc++.so, and resolving their symbols was about half of the
// instructions of a `runw create`; static binaries start without the dynamic loader. Debian
// ships fmt's headers and only a shared library, so this unit compiles the non-inline half
// (format-inl.h) once and instantiates the templates that <fmt/format.h> declares `extern`.
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

template auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;

template locale_ref::locale_ref(const std::locale &loc);
template auto locale_ref::get<std::locale>() const -> std::locale;

template auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl(locale_ref) -> char;
template void buffer<char>::append(const char *, const char *);
template void vformat_to(buffer<char> &, string_view, basic_format_args<FMT_BUFFER_CONTEXT(char)>,
                         locale_ref);

} // namespace detail
FMT_END_NAMESPACE
