#!/usr/bin/env bash
# The paper's Figure 4 (matrix completion speedups): ./experiments/fig4.sh quick|full
exec "$(dirname "$0")/reproduce.sh" fig4 "${1:-quick}"
