#!/usr/bin/env bash
# The paper's Table 2: ./experiments/table2.sh quick|full
exec "$(dirname "$0")/reproduce.sh" table2 "${1:-quick}"
