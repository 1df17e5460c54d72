#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "tests/support/http_client.hpp"

namespace vigil::test {

// A Beast response as tests read it (lower-case header names), for the
// plain and the HTTPS client alike.
HttpResponse to_test_response(boost::beast::http::response<boost::beast::http::string_body>&& res);

}  // namespace vigil::test
