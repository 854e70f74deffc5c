#ifndef REMIT_INFLATE_H
#define REMIT_INFLATE_H

#include <stddef.h>

/// A gzip body decoded as it arrives (zlib's inflate behind an opaque handle: Swift cannot
/// call zlib's init macros). Unlike a decoder that stops when its input does, it knows
/// whether the stream ended where gzip says it ends: a body cut off in transit is caught even
/// when the connection's close was its only end.
typedef struct remit_inflate remit_inflate;

enum {
    REMIT_INFLATE_OK = 0,
    /// Not gzip, or corrupt (a bad header, a CRC or length that does not match).
    REMIT_INFLATE_CORRUPT = 1,
    /// The sink refused the decoded bytes (over the size limit, a write error).
    REMIT_INFLATE_STOPPED = 2,
};

/// NULL when zlib cannot be set up.
remit_inflate *remit_inflate_new(void);
void remit_inflate_free(remit_inflate *state);

/// Decodes `length` bytes of the body, handing the decoded bytes to `sink` (which returns 0
/// to stop). Concatenated gzip members decode one after another, as gunzip does.
int remit_inflate_feed(remit_inflate *state, const unsigned char *input, size_t length,
                       int (*sink)(void *context, const unsigned char *output, size_t length), void *context);

/// 1 when the body so far is whole: it ends with the end of a gzip member (an empty body is
/// no gzip stream).
int remit_inflate_is_complete(const remit_inflate *state);

#endif
