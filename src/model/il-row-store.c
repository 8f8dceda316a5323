/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "il-row-store.h"
