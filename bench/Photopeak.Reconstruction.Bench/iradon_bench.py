"""Times skimage.transform.iradon (ramp filter, linear interpolation) slice by slice on a raw float32 sinogram.

Usage: iradon_bench.py FILE VIEWS ROWS BINS ARC_DEG START_DEG
Prints 'seconds=<s>' for the whole volume (excluding import and file reading).
"""
import sys
import time

import numpy as np
from skimage.transform import iradon

path, views, rows, bins = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
arc, start = float(sys.argv[5]), float(sys.argv[6])
data = np.fromfile(path, dtype=np.float32).reshape(views, rows, bins)
theta = start + np.arange(views) * arc / views
begin = time.perf_counter()
volume = np.empty((rows, bins, bins), dtype=np.float64)
for r in range(rows):
    volume[r] = iradon(data[:, r, :].T.astype(np.float64), theta=theta, filter_name="ramp", interpolation="linear", circle=True)
elapsed = time.perf_counter() - begin
volume.astype(np.float32).tofile(path + ".iradon")
print(f"seconds={elapsed:.3f}")
