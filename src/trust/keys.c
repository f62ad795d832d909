/*
 * keys.c - the key file and its subkeys (see keys.h).
 */
#include "trust/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC     "helhet-key-1 "
#define MAGIC_LEN (sizeof MAGIC - 1)
#define FILE_LEN  (MAGIC_LEN + 2 * KEYS_LEN + 1) /* magic, hex, newline */

/* The subkeys, derived once at load; index 0 unused. Static, so no allocation
 * outlives the process unwiped: keys_forget clears them. */
static unsigned char sub[KEY_USES][KEYS_LEN];
static char fingerprint[17];
static int loaded;

void keys_set(const unsigned char key[KEYS_LEN])
{
    for (int u = 1; u < KEY_USES; u++)
        crypto_kdf_derive_from_key(sub[u], KEYS_LEN, (uint64_t)u, "helhet__", key);
    unsigned char fp[8];
    crypto_generichash(fp, sizeof fp, (const unsigned char *)"helhet key id", 13, key, KEYS_LEN);
    sodium_bin2hex(fingerprint, sizeof fingerprint, fp, sizeof fp);
    loaded = 1;
}

static int create_key(const char *path, err *e)
{
    unsigned char key[KEYS_LEN];
    char text[FILE_LEN + 1];
    randombytes_buf(key, sizeof key);
    memcpy(text, MAGIC, MAGIC_LEN);
    sodium_bin2hex(text + MAGIC_LEN, 2 * KEYS_LEN + 1, key, sizeof key);
    text[FILE_LEN - 1] = '\n';
    int f = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (f < 0) {
        int exists = errno == EEXIST;
        sodium_memzero(key, sizeof key);
        if (exists) return -1;
        return err_set(e, ERR_INTERNAL, "key_file", "key-file", "cannot create the key file %s: %s",
                       path, strerror(errno));
    }
    int bad = write(f, text, FILE_LEN) != (ssize_t)FILE_LEN || fsync(f) != 0;
    close(f);
    sodium_memzero(text, sizeof text);
    if (bad) {
        unlink(path);
        sodium_memzero(key, sizeof key);
        return err_set(e, ERR_INTERNAL, "key_file", "key-file", "cannot write the key file %s",
                       path);
    }
    keys_set(key);
    sodium_memzero(key, sizeof key);
    return 0;
}

int keys_load(const char *path, int may_create, int *created, err *e)
{
    *created = 0;
    int f = open(path, O_RDONLY | O_CLOEXEC);
    if (f < 0 && errno == ENOENT && may_create) {
        if (create_key(path, e) == 0) {
            *created = 1;
            return 0;
        }
        /* another command made it meanwhile: read that one */
        if ((f = open(path, O_RDONLY | O_CLOEXEC)) < 0) return -1;
        err_clear(e);
    }
    if (f < 0)
        return err_set(e, ERR_INTERNAL, "key_file", "key-file", "cannot read the key file %s: %s",
                       path, strerror(errno));
    struct stat st;
    if (fstat(f, &st) || !S_ISREG(st.st_mode)) {
        close(f);
        return err_set(e, ERR_INVALID, "key_file", "key-file", "the key file %s is not a file",
                       path);
    }
    if (st.st_mode & 077) {
        close(f);
        return err_set(e, ERR_INVALID, "key_file_mode", "key-file",
                       "the key file %s may be read by others (mode %03o); only its owner may "
                       "read it: chmod 600 %s",
                       path, (unsigned)(st.st_mode & 0777), path);
    }
    char text[FILE_LEN + 1];
    ssize_t n = read(f, text, sizeof text);
    close(f);
    unsigned char key[KEYS_LEN];
    size_t klen = 0;
    int ok =
        n == (ssize_t)FILE_LEN && memcmp(text, MAGIC, MAGIC_LEN) == 0 &&
        text[FILE_LEN - 1] == '\n' &&
        sodium_hex2bin(key, sizeof key, text + MAGIC_LEN, 2 * KEYS_LEN, NULL, &klen, NULL) == 0 &&
        klen == KEYS_LEN;
    sodium_memzero(text, sizeof text);
    if (!ok) {
        sodium_memzero(key, sizeof key);
        return err_set(e, ERR_INVALID, "key_file", "key-file",
                       "%s is not a Helhet key file (one line: helhet-key-1 and 64 hex digits)",
                       path);
    }
    keys_set(key);
    sodium_memzero(key, sizeof key);
    return 0;
}

const unsigned char *keys_get(key_use u)
{
    return loaded && u > 0 && u < KEY_USES ? sub[u] : NULL;
}

const char *keys_id(void)
{
    return loaded ? fingerprint : "";
}

void keys_forget(void)
{
    sodium_memzero(sub, sizeof sub);
    fingerprint[0] = '\0';
    loaded = 0;
}
