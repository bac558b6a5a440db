// Text inside XML 1.0 attribute values and elements, as GraphML and GEXF need it.
//   & < > " '          -> &amp; &lt; &gt; &quot; &apos;
//   tab, LF, CR        -> &#9; &#10; &#13; (character references survive the
//                         attribute-value and line-end normalisation of every
//                         XML parser, so the value reads back byte for byte)
//   other C0 controls  -> U+FFFD; XML 1.0 cannot hold U+0000-U+001F at all,
//   U+FFFE, U+FFFF        not even as &#1;, and a document that does is
//   invalid UTF-8 bytes   rejected by conforming parsers (expat, libxml2,
//                         Python's ElementTree). Each replaced character or
//                         byte is counted and the stage warns.
// Everything else (all other valid UTF-8, including U+007F-U+009F, which XML
// 1.0 allows) is copied as is.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace chorus::export_graph {

inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

// Appends `v` escaped for XML; returns how many characters or bytes were
// replaced by U+FFFD.
int64_t append_xml_escaped(std::string& out, std::string_view v);

std::string xml_escaped(std::string_view v);

}  // namespace chorus::export_graph
