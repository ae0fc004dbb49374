/* SPDX-License-Identifier: Apache-2.0 */
/*
** closest.h — the names closest to one that was mistyped (「デジタル推進課」 → 「デジタル戦略推進
** 課」), for messages that suggest what was meant.
*/
#ifndef SHINCHOKU_CLOSEST_H
#define SHINCHOKU_CLOSEST_H

/* Distance between a and b in characters (Levenshtein over the code points of their NFKC
   forms): 0 for 「ＩＣＴ推進室」 and 「ICT推進室」. */
int name_distance(const char *a, const char *b);

/* Up to max of the n names closest to want, best first, into out (pointers into names); a
   name counts when it contains want or want contains it, or when it is at most half of the
   longer one's characters away. Returns how many. */
int closest_names(const char *want, const char *const *names, int n, const char **out, int max);

#endif
