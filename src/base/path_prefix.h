// The path prefix a reverse proxy serves Berth under ("https://host/reg/" → Berth's "/"). It comes
// from the path of externalURL or from a proxy's X-Forwarded-Prefix header and ends up inside
// the portal's index.html, so only a clean path is ever accepted: nothing a browser or an HTML
// parser could read as anything but a plain path.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace berth::base {

// "/reg" or "/reg/harbor-ui/" → "/reg/"; "" and "/" → "/". Segments are letters, digits, '.',
// '_', '~' and '-', none starting with '.' (no ".."), no empty segment, at most 200 characters.
// nullopt for anything else (quotes, '<', '%', '\', spaces, "//", a scheme, a list "a, b").
std::optional<std::string> clean_path_prefix(std::string_view path);

// The path of an absolute URL: "https://host:8443/reg?x" → "/reg"; "" when it has none.
std::string url_path(std::string_view url);

}  // namespace berth::base
