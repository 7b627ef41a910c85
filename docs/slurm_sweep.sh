#!/bin/bash
# A sweep split across a Slurm job array: one shard per array task, then one merge job.
#
#   sbatch docs/slurm_sweep.sh run.toml          # submits the array and the merge after it
#
# Each task runs `spreadtrade sweep --shard auto`, which reads SLURM_ARRAY_TASK_ID,
# SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT (so --array=0-3 and --array=1-4 both give
# shards 1/4 .. 4/4). The merge checks that every shard is there once and that all come from
# the same run file and data, and writes the same sweep.csv/sweep.json as one unsharded run.
#
#SBATCH --job-name=spreadtrade-sweep
#SBATCH --array=0-3
#SBATCH --cpus-per-task=8
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --output=logs/sweep-%A_%a.out

set -euo pipefail

RUN=${1:-run.toml}
OUT=results/${SLURM_ARRAY_JOB_ID}

# Runs within a shard are spread over the task's cores (rayon); results do not depend on it.
export RAYON_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}

spreadtrade sweep "$RUN" --shard auto --out "$OUT/shard-${SLURM_ARRAY_TASK_ID}"

# The first task submits the merge, to start when every task of the array has succeeded.
if [ "${SLURM_ARRAY_TASK_ID}" = "${SLURM_ARRAY_TASK_MIN:-0}" ]; then
    sbatch --job-name=spreadtrade-merge \
        --dependency=afterok:${SLURM_ARRAY_JOB_ID} \
        --output="logs/merge-${SLURM_ARRAY_JOB_ID}.out" \
        --wrap="spreadtrade merge $OUT/shard-* --out $OUT/merged"
fi
