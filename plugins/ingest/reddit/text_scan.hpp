// What ingest/reddit finds in the text of a post: URLs (also in markdown
// links, HTML entities decoded) and u/ mentions, each list first occurrence
// first.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chorus::ingest_reddit {

// Appends s to out unless it is already there (first occurrence kept).
void add_unique(std::vector<std::string>& out, std::string_view s);

// Replaces the HTML entities Reddit writes in its JSON text (&amp; &lt; &gt;) in a URL.
std::string unescape_url(std::string_view u);

// URLs in free text, as the regex  https?://[^\s<>"'()\[\]{}|\\^`]+  would
// find them (case-insensitive scheme), with trailing . , ; : ! ? * ~ and '
// removed (sentence punctuation, markdown emphasis), &amp; decoded. Markdown
// links [text](url) give url because ')' ends a URL.
void find_urls(std::string_view text, std::vector<std::string>& out);

// Usernames after u/ or /u/ (Reddit's mention syntax), as written: the
// name is [A-Za-z0-9_-]+ and the 'u' must not end a longer word or path
// (reddit.com/u/x inside a URL is not a mention; /u/x and u/x are).
void find_mentions(std::string_view text, std::vector<std::string>& out);

}  // namespace chorus::ingest_reddit
