#include "CPreflightCurl.h"
#include <openssl/ssl.h>
#include <errno.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

CURLcode pf_easy_setopt_long(CURL *easy, CURLoption option, long value) {
    return curl_easy_setopt(easy, option, value);
}

CURLcode pf_easy_setopt_off_t(CURL *easy, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(easy, option, value);
}

CURLcode pf_easy_setopt_ptr(CURL *easy, CURLoption option, void *value) {
    return curl_easy_setopt(easy, option, value);
}

CURLcode pf_easy_setopt_string(CURL *easy, CURLoption option, const char *value) {
    return curl_easy_setopt(easy, option, value);
}

CURLcode pf_easy_setopt_slist(CURL *easy, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(easy, option, value);
}

CURLcode pf_easy_setopt_data_callback(CURL *easy, CURLoption option, pf_data_callback callback) {
    return curl_easy_setopt(easy, option, callback);
}

CURLcode pf_easy_getinfo_long(CURL *easy, CURLINFO info, long *value) {
    return curl_easy_getinfo(easy, info, value);
}

CURLcode pf_easy_getinfo_off_t(CURL *easy, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(easy, info, value);
}

CURLcode pf_easy_getinfo_slist(CURL *easy, CURLINFO info, struct curl_slist **value) {
    return curl_easy_getinfo(easy, info, value);
}

CURLMcode pf_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

const char *pf_tls_version(CURL *easy) {
    struct curl_tlssessioninfo *info = NULL;
    if (curl_easy_getinfo(easy, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || info == NULL
        || info->backend != CURLSSLBACKEND_OPENSSL || info->internals == NULL) {
        return NULL;
    }
    return SSL_get_version((const SSL *)info->internals);
}

struct curl_slist *pf_leaf_certinfo(CURL *easy) {
    struct curl_certinfo *certinfo = NULL;
    if (curl_easy_getinfo(easy, CURLINFO_CERTINFO, &certinfo) != CURLE_OK || certinfo == NULL
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
    CURLMcode code = curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
    return code == CURLM_OK ? curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, userp) : code;
}

CURLMcode pf_multi_set_timer_callback(CURLM *multi, pf_timer_callback callback, void *userp) {
    CURLMcode code = curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
    return code == CURLM_OK ? curl_multi_setopt(multi, CURLMOPT_TIMERDATA, userp) : code;
}

CURLcode pf_easy_set_socket_callbacks(CURL *easy, pf_open_socket_callback open, pf_close_socket_callback close, void *clientp) {
    CURLcode code = curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, open);
    if (code == CURLE_OK) code = curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, clientp);
    if (code == CURLE_OK) code = curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, close);
    if (code == CURLE_OK) code = curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, clientp);
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
