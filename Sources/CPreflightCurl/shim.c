#include "CPreflightCurl.h"
#include <openssl/ssl.h>
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
