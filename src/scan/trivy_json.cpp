#include "scan/trivy_json.h"

#include <nlohmann/json.hpp>

namespace berth::scan {

using nlohmann::json;

namespace {

constexpr int kMaxNesting = 64;

// nlohmann::json destroys nested values recursively: refuse absurd nesting up front.
json parse_bounded(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxNesting) throw TrivyDbError("JSON value nested too deeply");
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return json::parse(text, nullptr, false);
}

json parse_object(std::string_view text, const char* what) {
  json j = parse_bounded(text);
  if (j.is_discarded() || !j.is_object()) {
    throw TrivyDbError(std::string(what) + " is not a JSON object");
  }
  return j;
}

void need(bool ok, const char* field) {
  if (!ok) throw TrivyDbError(std::string("field ") + field + " has the wrong type");
}

std::string str(const json& j, const char* field) {
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) return {};
  need(it->is_string(), field);
  return it->get<std::string>();
}

int integer(const json& j, const char* field) {
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) return 0;
  need(it->is_number(), field);  // Go may print ints as 1 or, in fixtures, 1.0
  return static_cast<int>(it->get<double>());
}

double number(const json& j, const char* field) {
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) return 0;
  need(it->is_number(), field);
  return it->get<double>();
}

std::vector<std::string> strings(const json& j, const char* field) {
  std::vector<std::string> out;
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) return out;
  need(it->is_array(), field);
  for (const auto& v : *it) {
    need(v.is_string(), field);
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::string raw(const json& j, const char* field) {
  auto it = j.find(field);
  return it == j.end() || it->is_null() ? std::string() : it->dump();
}

Advisory advisory_from(const json& j) {
  Advisory a;
  a.vendor_ids = strings(j, "VendorIDs");
  a.fixed_version = str(j, "FixedVersion");
  a.affected_version = str(j, "AffectedVersion");
  a.vulnerable_versions = strings(j, "VulnerableVersions");
  a.patched_versions = strings(j, "PatchedVersions");
  a.unaffected_versions = strings(j, "UnaffectedVersions");
  a.arches = strings(j, "Arches");
  a.oses = strings(j, "OSes");
  a.status = integer(j, "Status");
  a.severity = integer(j, "Severity");
  a.custom = raw(j, "Custom");
  auto it = j.find("Entries");
  if (it != j.end() && !it->is_null()) {
    need(it->is_array(), "Entries");
    for (const auto& e : *it) {
      need(e.is_object(), "Entries");
      a.entries.push_back(advisory_from(e));
    }
  }
  return a;
}

}  // namespace

Vulnerability parse_vulnerability(std::string_view text) {
  json j = parse_object(text, "vulnerability");
  Vulnerability v;
  v.title = str(j, "Title");
  v.description = str(j, "Description");
  v.severity = str(j, "Severity");
  v.cwe_ids = strings(j, "CweIDs");
  v.references = strings(j, "References");
  v.published_date = str(j, "PublishedDate");
  v.last_modified_date = str(j, "LastModifiedDate");
  v.custom = raw(j, "Custom");
  if (auto it = j.find("VendorSeverity"); it != j.end() && !it->is_null()) {
    need(it->is_object(), "VendorSeverity");
    for (const auto& [source, sev] : it->items()) {
      need(sev.is_number(), "VendorSeverity");
      v.vendor_severity[source] = static_cast<int>(sev.get<double>());
    }
  }
  if (auto it = j.find("CVSS"); it != j.end() && !it->is_null()) {
    need(it->is_object(), "CVSS");
    for (const auto& [source, c] : it->items()) {
      need(c.is_object(), "CVSS");
      Cvss& out = v.cvss[source];
      out.v2_vector = str(c, "V2Vector");
      out.v3_vector = str(c, "V3Vector");
      out.v40_vector = str(c, "V40Vector");
      out.v2_score = number(c, "V2Score");
      out.v3_score = number(c, "V3Score");
      out.v40_score = number(c, "V40Score");
    }
  }
  return v;
}

DataSource parse_data_source(std::string_view text) {
  json j = parse_object(text, "data source");
  return DataSource{str(j, "ID"), str(j, "BaseID"), str(j, "Name"), str(j, "URL")};
}

Advisory parse_advisory(std::string_view text) {
  return advisory_from(parse_object(text, "advisory"));
}

std::vector<RedHatEntry> parse_redhat_advisory(std::string_view text) {
  json j = parse_object(text, "Red Hat advisory");
  std::vector<RedHatEntry> out;
  auto entries = j.find("Entries");
  if (entries == j.end() || entries->is_null()) return out;
  need(entries->is_array(), "Entries");
  for (const auto& e : *entries) {
    need(e.is_object(), "Entries");
    RedHatEntry r;
    r.fixed_version = str(e, "FixedVersion");
    r.arches = strings(e, "Arches");
    r.status = integer(e, "Status");
    if (auto a = e.find("Affected"); a != e.end() && !a->is_null()) {
      need(a->is_array(), "Affected");
      for (const auto& n : *a) {
        need(n.is_number(), "Affected");
        r.affected.push_back(static_cast<int>(n.get<double>()));
      }
    }
    if (auto c = e.find("Cves"); c != e.end() && !c->is_null()) {
      need(c->is_array(), "Cves");
      for (const auto& cve : *c) {
        need(cve.is_object(), "Cves");
        r.cves.push_back(RedHatCve{str(cve, "ID"), integer(cve, "Severity")});
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<int> parse_int_list(std::string_view text) {
  json j = parse_bounded(text);
  if (j.is_discarded() || !j.is_array()) throw TrivyDbError("expected a JSON array of integers");
  std::vector<int> out;
  for (const auto& n : j) {
    if (!n.is_number()) throw TrivyDbError("expected a JSON array of integers");
    out.push_back(static_cast<int>(n.get<double>()));
  }
  return out;
}

}  // namespace berth::scan
