#!/usr/bin/env bash
# The paper's Figure 3 (sparse speedups): ./experiments/fig3.sh quick|full
exec "$(dirname "$0")/reproduce.sh" fig3 "${1:-quick}"
