#include "app/tls_setup.h"

#include "http/url.h"

namespace berth::app {

namespace {
// Host part of externalURL ("https://berth.example:30003/x" → "berth.example").
std::string external_host(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  std::string rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find('/'));
  if (rest.starts_with("[")) return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.rfind(':') == std::string::npos ? rest.size() : rest.rfind(':'));
}
}  // namespace

http::TlsMaterial tls_material(const config::Config& cfg) {
  if (cfg.tls.cert_source == "secret")
    return http::load_certificate_files(cfg.tls.cert_file, cfg.tls.key_file, cfg.tls.ca_file);
  std::string cn = cfg.tls.auto_common_name;
  std::string host = external_host(cfg.external_url);
  if (cn.empty()) cn = host.empty() ? "localhost" : host;
  std::vector<std::string> sans = {"localhost", "127.0.0.1", "::1"};
  if (!host.empty()) sans.push_back(host);
  return http::ensure_auto_certificates(cfg.data_dir / "tls", cn, sans);
}

std::shared_ptr<boost::asio::ssl::context> make_tls_context(const http::TlsMaterial& m) {
  namespace ssl = boost::asio::ssl;
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use);
  ctx->use_certificate_chain(boost::asio::buffer(m.cert_chain_pem));
  ctx->use_private_key(boost::asio::buffer(m.key_pem), ssl::context::pem);
  return ctx;
}

}  // namespace berth::app
