/*
 * explore.h - the explorer of real guest code (explore.c): the explorer
 * interface of search/explorer.h, with the loaded guest (struct
 * real_guest, real.h) as its data.
 */
#ifndef PIRQSIM_REAL_EXPLORE_H
#define PIRQSIM_REAL_EXPLORE_H

#include "search/explorer.h"

extern const struct explorer explorer_real;

#endif
