/* version.h - the release of Helhet this source builds. */
#ifndef HELHET_VERSION_H
#define HELHET_VERSION_H
#define HELHET_VERSION "0.1.0"
#endif
