#pragma once

// TLS certificate material for the HTTPS listener, mirroring Harbor's two certSource modes:
// "auto" (Berth runs its own small CA) and "secret" (the operator supplies PEM files).

#include <filesystem>
#include <string>
#include <vector>

namespace berth::http {

struct TlsMaterial {
  std::string cert_chain_pem;  // server certificate (followed by the CA for auto)
  std::string key_pem;         // server private key
  std::string
      ca_pem;  // CA certificate to hand out to clients (may be empty for 'secret' without caFile)
};

// Harbor's certSource: auto. Creates <dir>/ca.crt, <dir>/ca.key (once, reused forever), and
// <dir>/server.crt, <dir>/server.key for common_name with SubjectAltNames = common_name + every
// entry of sans (entries that parse as IPv4/IPv6 become IP SANs, others DNS SANs; duplicates
// removed). Files are reused across restarts; the server certificate is re-issued (by the same CA)
// only when its SAN set differs from what is requested or it expires within 30 days (or when it is
// missing, unreadable, does not match server.key, or was not signed by the current CA). Keys are
// written with mode 0600, atomically (write temp file, fsync, rename). Concurrent callers on the
// same dir are serialised with flock() on <dir>/.lock. Throws std::runtime_error with a clear
// message on failure.
TlsMaterial ensure_auto_certificates(const std::filesystem::path& dir,
                                     const std::string& common_name,
                                     const std::vector<std::string>& sans);

// Harbor's certSource: secret: loads PEM files given by the operator, verifies that the key matches
// the certificate (throws std::runtime_error naming the file otherwise). ca_file may be empty.
// Encrypted private keys are rejected (never prompts for a passphrase).
TlsMaterial load_certificate_files(const std::filesystem::path& cert_file,
                                   const std::filesystem::path& key_file,
                                   const std::filesystem::path& ca_file);

}  // namespace berth::http
