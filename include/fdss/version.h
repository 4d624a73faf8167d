#ifndef FDSS_VERSION_H
#define FDSS_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

#define FDSS_VERSION "0.1.0"

/* The library's version string, FDSS_VERSION at build time. */
const char *fdss_version(void);

#ifdef __cplusplus
}
#endif

#endif
