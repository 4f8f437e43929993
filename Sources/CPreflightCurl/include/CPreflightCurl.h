// Typed, non-variadic entry points into libcurl, and the event loops' epoll set and timers.
//
// libcurl is not linked: pf_curl_load() loads it (dlopen) the first time a request needs curl,
// so a run that never does maps neither it nor OpenSSL. Every call into curl goes through the
// pf_ functions below (Swift must not call curl_* itself: those symbols are not linked).
// Swift cannot call C variadic functions, and curl's option setters (curl_easy_setopt,
// curl_easy_getinfo, curl_multi_setopt) are variadic. Each wrapper below fixes the type of
// the single variadic argument, so Swift can call it with full type checking.
// Including <curl/curl.h> here makes every CURLOPT_/CURLINFO_/CURLE_ constant visible to Swift.
#ifndef CPREFLIGHTCURL_H
#define CPREFLIGHTCURL_H

#include <curl/curl.h>

/// Loads libcurl and runs curl_global_init, once per process (thread-safe); later calls only
/// report the outcome. Returns NULL on success, else why it failed. No other pf_ curl function
/// may be called before it succeeded.
const char *pf_curl_load(void);

CURL *pf_easy_init(void);
void pf_easy_cleanup(CURL *easy);
void pf_easy_reset(CURL *easy);
const char *pf_easy_strerror(CURLcode code);
struct curl_slist *pf_slist_append(struct curl_slist *list, const char *text);
/// NULL is allowed, and is a no-op.
void pf_slist_free_all(struct curl_slist *list);
CURLM *pf_multi_init(void);
CURLMcode pf_multi_cleanup(CURLM *multi);
CURLMcode pf_multi_add_handle(CURLM *multi, CURL *easy);
CURLMcode pf_multi_remove_handle(CURLM *multi, CURL *easy);
CURLMsg *pf_multi_info_read(CURLM *multi, int *queued);
CURLMcode pf_multi_socket_action(CURLM *multi, curl_socket_t socket, int events, int *running);
CURLMcode pf_multi_timeout(CURLM *multi, long *millis);

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

/// A wake-up timer for an event loop: a Linux timerfd on the monotonic clock, watched by the
/// loop's poller, so the loop wakes at a nanosecond-precise instant while curl's own timeout and
/// epoll's stay in milliseconds. Returns -1 on failure.
int pf_wake_timer_open(void);
/// Arms the timer to fire once after `delay_ns` nanoseconds (at least 1): 0 on success. Arming
/// also clears an earlier firing, so the descriptor polls readable only once the new time passes.
int pf_wake_timer_arm(int fd, unsigned long long delay_ns);
void pf_wake_timer_close(int fd);

/// The shapes of CURLMOPT_SOCKETFUNCTION and CURLMOPT_TIMERFUNCTION callbacks: curl tells the
/// event loop which sockets to watch for what, and when it next needs a timeout action.
typedef int (*pf_socket_callback)(CURL *easy, curl_socket_t socket, int what, void *userp, void *socketp);
typedef int (*pf_timer_callback)(CURLM *multi, long timeout_ms, void *userp);
/// Sets the callback together with its user pointer (CURLMOPT_SOCKETDATA, CURLMOPT_TIMERDATA).
CURLMcode pf_multi_set_socket_callback(CURLM *multi, pf_socket_callback callback, void *userp);
CURLMcode pf_multi_set_timer_callback(CURLM *multi, pf_timer_callback callback, void *userp);
/// The shapes of CURLOPT_OPENSOCKETFUNCTION and CURLOPT_CLOSESOCKETFUNCTION: curl opens and
/// closes its connections' sockets through them.
typedef curl_socket_t (*pf_open_socket_callback)(void *clientp, curlsocktype purpose, struct curl_sockaddr *address);
typedef int (*pf_close_socket_callback)(void *clientp, curl_socket_t socket);
/// Sets both callbacks, with `clientp` as CURLOPT_OPENSOCKETDATA and CURLOPT_CLOSESOCKETDATA.
CURLcode pf_easy_set_socket_callbacks(CURL *easy, pf_open_socket_callback open, pf_close_socket_callback close, void *clientp);

/// An event loop's readiness poller: a Linux epoll instance, so a pass costs in proportion to the
/// sockets that are ready, not to all the loop holds. Returns -1 on failure.
int pf_poller_open(void);
/// Watches `fd` for what curl asks (`what`: CURL_POLL_IN, CURL_POLL_OUT or CURL_POLL_INOUT),
/// level-triggered; `added` says whether the set already holds it (the other case is tried when
/// that is wrong). 0 on success.
int pf_poller_watch_socket(int poller, int fd, int what, int added);
/// Stops watching `fd`; a descriptor the set no longer holds is not an error. 0 on success.
int pf_poller_forget(int poller, int fd);
/// Watches a timerfd or eventfd for readability, edge-triggered: each firing or signal reports
/// once, without the descriptor being read. 0 on success.
int pf_poller_watch_edges(int poller, int fd);
/// Waits up to `timeout_ms` (-1: no limit) for ready descriptors and fills `fds` and `events`
/// (CURL_CSELECT_IN, CURL_CSELECT_OUT, CURL_CSELECT_ERR bits) for up to `capacity` of them.
/// Returns how many; 0 on timeout or interruption by a signal, -1 on another error.
int pf_poller_wait(int poller, int *fds, int *events, int capacity, int timeout_ms);
void pf_poller_close(int poller);

/// A wake-up another thread can signal (an eventfd): it makes the event loop's poller return.
/// Returns -1 on failure.
int pf_wakeup_open(void);
/// Safe from any thread.
void pf_wakeup_signal(int fd);
void pf_wakeup_close(int fd);

#endif
