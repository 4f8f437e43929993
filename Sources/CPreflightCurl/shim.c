#include "CPreflightCurl.h"
#include <openssl/ssl.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>


// libcurl (and through it OpenSSL and some 28 more libraries) is loaded with dlopen the first
// time a request needs curl, not at startup: a run whose requests all go through the event loops'
// own HTTP/1.1 client never maps them (about 9 MiB of resident memory). Every call into curl goes
// through this table, filled once.
static struct {
    CURLcode (*global_init)(long);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    CURLMcode (*multi_socket_action)(CURLM *, curl_socket_t, int, int *);
    CURLMcode (*multi_timeout)(CURLM *, long *);
    const char *(*ssl_get_version)(const SSL *);
} curl;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static char curl_failure[512];
static int curl_loaded;

#define PF_LOAD(field, name) \
    if ((*(void **)&curl.field = dlsym(library, name)) == NULL) { \
        snprintf(curl_failure, sizeof curl_failure, "libcurl has no %s", name); \
        return; \
    }

static void pf_curl_load_once(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(curl_failure, sizeof curl_failure, "libcurl could not be loaded: %s", dlerror());
        return;
    }
    PF_LOAD(global_init, "curl_global_init")
    PF_LOAD(easy_setopt, "curl_easy_setopt")
    PF_LOAD(easy_getinfo, "curl_easy_getinfo")
    PF_LOAD(multi_setopt, "curl_multi_setopt")
    PF_LOAD(easy_init, "curl_easy_init")
    PF_LOAD(easy_cleanup, "curl_easy_cleanup")
    PF_LOAD(easy_reset, "curl_easy_reset")
    PF_LOAD(easy_strerror, "curl_easy_strerror")
    PF_LOAD(slist_append, "curl_slist_append")
    PF_LOAD(slist_free_all, "curl_slist_free_all")
    PF_LOAD(multi_init, "curl_multi_init")
    PF_LOAD(multi_cleanup, "curl_multi_cleanup")
    PF_LOAD(multi_add_handle, "curl_multi_add_handle")
    PF_LOAD(multi_remove_handle, "curl_multi_remove_handle")
    PF_LOAD(multi_info_read, "curl_multi_info_read")
    PF_LOAD(multi_socket_action, "curl_multi_socket_action")
    PF_LOAD(multi_timeout, "curl_multi_timeout")
    // libcurl brought libssl in; without it TLS versions are simply not reported.
    void *ssl = dlopen("libssl.so.3", RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
    if (ssl != NULL) *(void **)&curl.ssl_get_version = dlsym(ssl, "SSL_get_version");
    CURLcode code = curl.global_init(CURL_GLOBAL_ALL);
    if (code != CURLE_OK) {
        snprintf(curl_failure, sizeof curl_failure, "curl_global_init failed: %s", curl.easy_strerror(code));
        return;
    }
    curl_loaded = 1;
}

const char *pf_curl_load(void) {
    pthread_once(&curl_once, pf_curl_load_once);
    return curl_loaded ? NULL : curl_failure;
}

CURL *pf_easy_init(void) { return curl_loaded ? curl.easy_init() : NULL; }
void pf_easy_cleanup(CURL *easy) { curl.easy_cleanup(easy); }
void pf_easy_reset(CURL *easy) { curl.easy_reset(easy); }
const char *pf_easy_strerror(CURLcode code) { return curl_loaded ? curl.easy_strerror(code) : "libcurl is not loaded"; }
struct curl_slist *pf_slist_append(struct curl_slist *list, const char *text) { return curl.slist_append(list, text); }
void pf_slist_free_all(struct curl_slist *list) { if (list != NULL) curl.slist_free_all(list); }
CURLM *pf_multi_init(void) { return curl_loaded ? curl.multi_init() : NULL; }
CURLMcode pf_multi_cleanup(CURLM *multi) { return curl.multi_cleanup(multi); }
CURLMcode pf_multi_add_handle(CURLM *multi, CURL *easy) { return curl.multi_add_handle(multi, easy); }
CURLMcode pf_multi_remove_handle(CURLM *multi, CURL *easy) { return curl.multi_remove_handle(multi, easy); }
CURLMsg *pf_multi_info_read(CURLM *multi, int *queued) { return curl.multi_info_read(multi, queued); }
CURLMcode pf_multi_socket_action(CURLM *multi, curl_socket_t socket, int events, int *running) {
    return curl.multi_socket_action(multi, socket, events, running);
}
CURLMcode pf_multi_timeout(CURLM *multi, long *millis) { return curl.multi_timeout(multi, millis); }

CURLcode pf_easy_setopt_long(CURL *easy, CURLoption option, long value) {
    return curl.easy_setopt(easy, option, value);
}

CURLcode pf_easy_setopt_off_t(CURL *easy, CURLoption option, curl_off_t value) {
    return curl.easy_setopt(easy, option, value);
}

CURLcode pf_easy_setopt_ptr(CURL *easy, CURLoption option, void *value) {
    return curl.easy_setopt(easy, option, value);
}

CURLcode pf_easy_setopt_string(CURL *easy, CURLoption option, const char *value) {
    return curl.easy_setopt(easy, option, value);
}

CURLcode pf_easy_setopt_slist(CURL *easy, CURLoption option, struct curl_slist *value) {
    return curl.easy_setopt(easy, option, value);
}

CURLcode pf_easy_setopt_data_callback(CURL *easy, CURLoption option, pf_data_callback callback) {
    return curl.easy_setopt(easy, option, callback);
}

CURLcode pf_easy_getinfo_long(CURL *easy, CURLINFO info, long *value) {
    return curl.easy_getinfo(easy, info, value);
}

CURLcode pf_easy_getinfo_off_t(CURL *easy, CURLINFO info, curl_off_t *value) {
    return curl.easy_getinfo(easy, info, value);
}

CURLcode pf_easy_getinfo_slist(CURL *easy, CURLINFO info, struct curl_slist **value) {
    return curl.easy_getinfo(easy, info, value);
}

CURLMcode pf_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl.multi_setopt(multi, option, value);
}

const char *pf_tls_version(CURL *easy) {
    struct curl_tlssessioninfo *info = NULL;
    if (curl.easy_getinfo(easy, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || info == NULL
        || info->backend != CURLSSLBACKEND_OPENSSL || info->internals == NULL) {
        return NULL;
    }
    return curl.ssl_get_version == NULL ? NULL : curl.ssl_get_version((const SSL *)info->internals);
}

struct curl_slist *pf_leaf_certinfo(CURL *easy) {
    struct curl_certinfo *certinfo = NULL;
    if (curl.easy_getinfo(easy, CURLINFO_CERTINFO, &certinfo) != CURLE_OK || certinfo == NULL
        || certinfo->num_of_certs < 1) {
        return NULL;
    }
    return certinfo->certinfo[0];
}

int pf_wake_timer_open(void) {
    return timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
}

int pf_wake_timer_arm(int fd, unsigned long long delay_ns) {
    // An all-zero it_value would disarm the timer instead of firing at once.
    if (delay_ns == 0) delay_ns = 1;
    struct itimerspec spec = {0};
    spec.it_value.tv_sec = (time_t)(delay_ns / 1000000000ULL);
    spec.it_value.tv_nsec = (long)(delay_ns % 1000000000ULL);
    return timerfd_settime(fd, 0, &spec, NULL);
}

void pf_wake_timer_close(int fd) {
    close(fd);
}

CURLMcode pf_multi_set_socket_callback(CURLM *multi, pf_socket_callback callback, void *userp) {
    CURLMcode code = curl.multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
    return code == CURLM_OK ? curl.multi_setopt(multi, CURLMOPT_SOCKETDATA, userp) : code;
}

CURLMcode pf_multi_set_timer_callback(CURLM *multi, pf_timer_callback callback, void *userp) {
    CURLMcode code = curl.multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
    return code == CURLM_OK ? curl.multi_setopt(multi, CURLMOPT_TIMERDATA, userp) : code;
}

CURLcode pf_easy_set_socket_callbacks(CURL *easy, pf_open_socket_callback open, pf_close_socket_callback close, void *clientp) {
    CURLcode code = curl.easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, open);
    if (code == CURLE_OK) code = curl.easy_setopt(easy, CURLOPT_OPENSOCKETDATA, clientp);
    if (code == CURLE_OK) code = curl.easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, close);
    if (code == CURLE_OK) code = curl.easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, clientp);
    return code;
}

int pf_poller_open(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int pf_poller_watch_socket(int poller, int fd, int what, int added) {
    struct epoll_event event = {0};
    event.events = (what & CURL_POLL_IN ? EPOLLIN : 0) | (what & CURL_POLL_OUT ? EPOLLOUT : 0);
    event.data.fd = fd;
    if (epoll_ctl(poller, added ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event) == 0) return 0;
    if (errno != (added ? ENOENT : EEXIST)) return -1;
    return epoll_ctl(poller, added ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event);
}

int pf_poller_forget(int poller, int fd) {
    if (epoll_ctl(poller, EPOLL_CTL_DEL, fd, NULL) == 0 || errno == ENOENT || errno == EBADF) return 0;
    return -1;
}

int pf_poller_watch_edges(int poller, int fd) {
    struct epoll_event event = {0};
    event.events = EPOLLIN | EPOLLET;
    event.data.fd = fd;
    return epoll_ctl(poller, EPOLL_CTL_ADD, fd, &event);
}

int pf_poller_wait(int poller, int *fds, int *events, int capacity, int timeout_ms) {
    struct epoll_event ready[64];
    if (capacity > 64) capacity = 64;
    int count = epoll_wait(poller, ready, capacity, timeout_ms);
    if (count < 0) return errno == EINTR ? 0 : -1;
    for (int i = 0; i < count; i++) {
        uint32_t flags = ready[i].events;
        fds[i] = ready[i].data.fd;
        events[i] = (flags & (EPOLLIN | EPOLLHUP | EPOLLRDHUP) ? CURL_CSELECT_IN : 0)
            | (flags & EPOLLOUT ? CURL_CSELECT_OUT : 0)
            | (flags & EPOLLERR ? CURL_CSELECT_ERR : 0);
    }
    return count;
}

void pf_poller_close(int poller) {
    close(poller);
}

int pf_wakeup_open(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

void pf_wakeup_signal(int fd) {
    // Only fails when the counter would overflow, after 2^64 - 2 signals: it is never read.
    (void)eventfd_write(fd, 1);
}

void pf_wakeup_close(int fd) {
    close(fd);
}
