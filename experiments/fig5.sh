#!/usr/bin/env bash
# The paper's Figure 5 (delay experiment): ./experiments/fig5.sh quick|full
exec "$(dirname "$0")/reproduce.sh" fig5 "${1:-quick}"
