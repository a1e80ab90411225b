package io.memcached4j.cli.browser;

/** A stable merge sort of {@code int} indices with a comparator, without boxing. */
final class IntSort {
    interface IntComparator {
        int compare(int a, int b);
    }

    private IntSort() {
    }

    static void sort(int[] a, int from, int to, IntComparator c) {
        int[] tmp = new int[to - from];
        mergeSort(a, from, to, tmp, c);
    }

    private static void mergeSort(int[] a, int from, int to, int[] tmp, IntComparator c) {
        int n = to - from;
        if (n < 24) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && c.compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, from, mid, tmp, c);
        mergeSort(a, mid, to, tmp, c);
        if (c.compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, from, tmp, 0, mid - from);
        int i = 0;
        int iEnd = mid - from;
        int j = mid;
        int k = from;
        while (i < iEnd && j < to) {
            a[k++] = c.compare(tmp[i], a[j]) <= 0 ? tmp[i++] : a[j++];
        }
        while (i < iEnd) {
            a[k++] = tmp[i++];
        }
    }

    /** @return the merge of two arrays each sorted by the comparator */
    static int[] merge(int[] x, int xn, int[] y, int yn, IntComparator c) {
        int[] out = new int[xn + yn];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < xn && j < yn) {
            out[k++] = c.compare(x[i], y[j]) <= 0 ? x[i++] : y[j++];
        }
        while (i < xn) {
            out[k++] = x[i++];
        }
        while (j < yn) {
            out[k++] = y[j++];
        }
        return out;
    }
}
