#include "remit_inflate.h"

#include <limits.h>
#include <stdlib.h>
#include <zlib.h>

struct remit_inflate {
    z_stream stream;
    /// 0 before any byte, 1 inside a member, 2 at the end of one.
    int position;
};

remit_inflate *remit_inflate_new(void) {
    remit_inflate *state = calloc(1, sizeof *state);
    if (state == NULL) return NULL;
    if (inflateInit2(&state->stream, 16 + MAX_WBITS) != Z_OK) {  // 16: gzip wrapper only
        free(state);
        return NULL;
    }
    return state;
}

void remit_inflate_free(remit_inflate *state) {
    if (state == NULL) return;
    inflateEnd(&state->stream);
    free(state);
}

int remit_inflate_feed(remit_inflate *state, const unsigned char *input, size_t length,
                       int (*sink)(void *, const unsigned char *, size_t), void *context) {
    unsigned char output[65536];
    z_stream *z = &state->stream;
    while (length > 0) {
        if (state->position == 2) {
            // Only another member may follow a member (RFC 1952 2.2): bytes that do not start
            // as one (a stray line end) make the body corrupt, not cut off.
            if (input[0] != 0x1f || (length > 1 && input[1] != 0x8b)) return REMIT_INFLATE_CORRUPT;
            if (inflateReset(z) != Z_OK) return REMIT_INFLATE_CORRUPT;
        }
        state->position = 1;
        uInt offered = length > UINT_MAX ? UINT_MAX : (uInt)length;
        z->next_in = (Bytef *)input;
        z->avail_in = offered;
        for (;;) {
            z->next_out = output;
            z->avail_out = sizeof output;
            int status = inflate(z, Z_NO_FLUSH);
            if (status == Z_NEED_DICT || status == Z_DATA_ERROR || status == Z_STREAM_ERROR || status == Z_MEM_ERROR) {
                return REMIT_INFLATE_CORRUPT;
            }
            size_t produced = sizeof output - z->avail_out;
            if (produced > 0 && !sink(context, output, produced)) return REMIT_INFLATE_STOPPED;
            if (status == Z_STREAM_END) {
                state->position = 2;
                break;
            }
            // Out of input, and no output waiting: the next bytes of the body go on.
            if (z->avail_in == 0 && z->avail_out != 0) break;
            if (status == Z_BUF_ERROR) break;
        }
        size_t used = offered - z->avail_in;
        if (used == 0 && state->position != 2) return REMIT_INFLATE_CORRUPT;  // no progress: never loop on it
        input += used;
        length -= used;
    }
    return REMIT_INFLATE_OK;
}

int remit_inflate_is_complete(const remit_inflate *state) {
    return state->position == 2;
}
