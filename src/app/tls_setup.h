// Turns the expose.tls configuration into certificate material and an OpenSSL context.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>

#include "config/config.h"
#include "http/tls_certs.h"

namespace berth::app {

// certSource auto: a CA and server certificate kept in <dataDir>/tls; secret: the operator's files.
http::TlsMaterial tls_material(const config::Config& cfg);

std::shared_ptr<boost::asio::ssl::context> make_tls_context(const http::TlsMaterial& m);

}  // namespace berth::app
