#ifndef REMIT_XML_HEAD_H
#define REMIT_XML_HEAD_H

#include <stddef.h>

/* Checks the first bytes of an XML document before libxml2 sees any of it: the encoding
   must be ASCII-compatible (so the byte-level DOCTYPE guard sees what libxml2 will parse),
   i.e. UTF-8 (BOM allowed) or a declared US-ASCII / ISO-8859-1 / ISO-8859-15 / windows-1252.
   UTF-16, UTF-32, EBCDIC and declared encodings such as UTF-7 (which can hide "<!DOCTYPE"
   from a byte scan) are refused.
   Returns 0 when the head is acceptable; otherwise writes a message to `message` and the
   1-based line and column to `line`/`column`, and returns -1. */
int remit_xml_check_head(const unsigned char *head, long length, char *message, size_t size, int *line, int *column);

#endif
