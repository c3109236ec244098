#!/usr/bin/env bash
# The paper's every table and figure: ./experiments/all.sh quick|full
exec "$(dirname "$0")/reproduce.sh" all "${1:-quick}"
