#include "scan/scanner_store.h"

#include <openssl/rand.h>

#include <cstdio>
#include <stdexcept>

namespace berth::scan {

std::string random_uuid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("no randomness for a uuid");
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

void ensure_builtin_scanner(ScannerStore& store, const std::string& description) {
  if (!store.find(kBuiltinScannerUuid)) {
    ScannerRegistration r;
    r.uuid = kBuiltinScannerUuid;
    r.name = "Trivy";
    r.description = description;
    r.url = kBuiltinScannerUrl;
    r.immutable = true;
    store.create(r);
  }
  if (!store.default_scanner()) store.set_default(kBuiltinScannerUuid);
}

}  // namespace berth::scan
