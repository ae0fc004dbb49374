/* SPDX-License-Identifier: Apache-2.0 */
/*
** snapshots_xchg.h — a plan's snapshots in export and import (docs/meetings.md): in a CSV
** folder, a subfolder snapshots/ with one NAME.json per snapshot (its frozen document, byte
** for byte, itself an importable plan) and snapshots.csv listing them; in the JSON document,
** a key "snapshots" (a list of objects, the document as a string). Workbooks and open data do
** not carry snapshots.
*/
#ifndef SHINCHOKU_SNAPSHOTS_XCHG_H
#define SHINCHOKU_SNAPSHOTS_XCHG_H

#include "../model/snapshot.h"
#include "../model/util.h"

/* Add snapshots v[0..n) to the export at path written in format ("dir", "excel-csv", "json";
   any other format is left alone). 0, or -1 with errs. */
int xchg_write_snapshots(const char *format, const char *path, const Snapshot *v, int n,
                         Errors *errs);
/* The snapshots an exported plan at path carries (none: 0 and *n = 0), each checked: its
   digest matches its document and the document is plan plan_id. 0, or -1 with errs. */
int xchg_read_snapshots(const char *path, const char *plan_id, Snapshot **v, int *n, Errors *errs);
/* A snapshot name is a file name too: letters, digits and - _ . (not first). */
int snapshot_name_ok(const char *name);

#endif
