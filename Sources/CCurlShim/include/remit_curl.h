#ifndef REMIT_CURL_H
#define REMIT_CURL_H

#include <curl/curl.h>

/// Typed wrappers for libcurl's variadic calls, which Swift cannot make directly.
CURLcode remit_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode remit_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode remit_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode remit_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode remit_curl_setopt_write_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *));
CURLcode remit_curl_setopt_header_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *));
/// CURLOPT_PREREQFUNCTION (libcurl 7.80+): called before each request, redirects included,
/// with the address the connection goes to; return CURL_PREREQFUNC_ABORT to refuse it.
CURLcode remit_curl_setopt_prereq_function(CURL *handle, int (*callback)(void *, char *, char *, int, int));
/// CURLOPT_OPENSOCKETFUNCTION: called before each socket is opened, with the address it will
/// connect to; return CURL_SOCKET_BAD to refuse it.
CURLcode remit_curl_setopt_opensocket_function(CURL *handle, curl_socket_t (*callback)(void *, curlsocktype, struct curl_sockaddr *));
CURLcode remit_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode remit_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value);
CURLcode remit_curl_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

/// The value of response header `name` in the last response of the transfer (after any
/// redirects), or NULL when it has none. Valid until the next call on the handle.
const char *remit_curl_last_response_header(CURL *handle, const char *name);

/// How many header lines named `name` the last response of the transfer has (0 for none).
size_t remit_curl_last_response_header_count(CURL *handle, const char *name);

/// curl_version_info(CURLVERSION_NOW): a macro Swift cannot see.
const curl_version_info_data *remit_curl_version_info(void);

#endif
