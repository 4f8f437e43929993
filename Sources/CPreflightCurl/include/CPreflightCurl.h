// Typed, non-variadic entry points into libcurl, and the event loops' wake-up timer.
//
// Swift cannot call C variadic functions, and curl's option setters (curl_easy_setopt,
// curl_easy_getinfo, curl_multi_setopt) are variadic. Each wrapper below fixes the type of
// the single variadic argument, so Swift can call it with full type checking.
// Including <curl/curl.h> here makes every CURLOPT_/CURLINFO_/CURLE_ constant visible to Swift.
#ifndef CPREFLIGHTCURL_H
#define CPREFLIGHTCURL_H

#include <curl/curl.h>

/// The shape of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks.
typedef size_t (*pf_data_callback)(char *data, size_t size, size_t count, void *userdata);

CURLcode pf_easy_setopt_long(CURL *easy, CURLoption option, long value);
CURLcode pf_easy_setopt_off_t(CURL *easy, CURLoption option, curl_off_t value);
CURLcode pf_easy_setopt_ptr(CURL *easy, CURLoption option, void *value);
CURLcode pf_easy_setopt_string(CURL *easy, CURLoption option, const char *value);
CURLcode pf_easy_setopt_slist(CURL *easy, CURLoption option, struct curl_slist *value);
CURLcode pf_easy_setopt_data_callback(CURL *easy, CURLoption option, pf_data_callback callback);

CURLcode pf_easy_getinfo_long(CURL *easy, CURLINFO info, long *value);
CURLcode pf_easy_getinfo_off_t(CURL *easy, CURLINFO info, curl_off_t *value);
/* A list the caller frees with curl_slist_free_all (CURLINFO_COOKIELIST). */
CURLcode pf_easy_getinfo_slist(CURL *easy, CURLINFO info, struct curl_slist **value);

CURLMcode pf_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// The TLS protocol version of the transfer's connection, such as "TLSv1.3", or NULL when the
/// connection is not TLS (or not OpenSSL's). Only valid while the transfer is running.
const char *pf_tls_version(CURL *easy);

/// The server certificate's fields as "Key:Value" lines (Subject, Issuer, Expire date, X509v3
/// Subject Alternative Name...), or NULL; needs CURLOPT_CERTINFO and a fresh handshake.
struct curl_slist *pf_leaf_certinfo(CURL *easy);

/// A wake-up timer for an event loop that sleeps in curl_multi_poll: a Linux timerfd on the
/// monotonic clock, passed to curl_multi_poll as an extra descriptor, so the loop wakes at a
/// nanosecond-precise instant while curl's own timeout stays in milliseconds. Returns -1 on failure.
int pf_wake_timer_open(void);
/// Arms the timer to fire once after `delay_ns` nanoseconds (at least 1): 0 on success. Arming
/// also clears an earlier firing, so the descriptor polls readable only once the new time passes.
int pf_wake_timer_arm(int fd, unsigned long long delay_ns);
void pf_wake_timer_close(int fd);

#endif
