#ifndef FDSS_VERSION_H
#define FDSS_VERSION_H

#define FDSS_VERSION "0.1.0"

/* The library's version string, FDSS_VERSION at build time. */
const char *fdss_version(void);

#endif
