/*
 * fdss_path.h: the dispatcher's search for fdss-NAME programs
 * (fdss_path.c), used by cmd/fdss.c only.
 */
#ifndef FDSS_PATH_H
#define FDSS_PATH_H

/* Note the directory of this program (argv0 if /proc is not there). */
void fdss_path_init(const char *argv0);

/* Exec fdss-NAME from the first directory that has it; returns (errno
 * set, ENOENT if none has it) only if it could not. */
void fdss_path_exec(const char *name, char **argv);

/* Print, sorted and once each, the NAMEs of the fdss-NAME programs that
 * can be run. */
void fdss_path_list_commands(void);

#endif
