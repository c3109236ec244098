// im2col and its adjoint for the convolution's GEMM: unrolling every image's receptive
// fields into the columns of one matrix, and adding a gradient in that layout back onto
// the images. In C because the runs are short (a small image's width, 8 to 28 floats):
// Swift's copies of them were memcpy calls, a call per run, a third of a small CNN's
// step; here they are inline loops over restrict pointers, which the compiler
// vectorizes.
#include "CHogwildKernels.h"

// The output columns q in [first, end) whose input column q·stride − pad + j lies
// inside an image row of `width`; those before and after read padding.
static void inside_columns(int width, int j, int stride, int pad, int ow, int *first, int *end) {
    int f = (pad - j + stride - 1) / stride;
    if (pad - j + stride - 1 < 0) f = 0;
    if (f > ow) f = ow;
    int e = (width - 1 + pad - j) / stride + 1;
    if (width - 1 + pad - j < 0) e = 0;
    if (e > ow) e = ow;
    if (e < f) e = f;
    *first = f;
    *end = e;
}

// One image's rows of the patch matrix: row (c, i, j), column (r, s) of the output
// position, zero where the receptive field reads padding. `columns` has row stride ld.
static void image_to_columns(const float *restrict image, int channels, int height, int width, int kh, int kw,
                             int stride, int pad, int oh, int ow, float *restrict columns, size_t ld) {
    for (int c = 0; c < channels; c++) {
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                float *restrict row = columns + (size_t)((c * kh + i) * kw + j) * ld;
                int first, end;
                inside_columns(width, j, stride, pad, ow, &first, &end);
                for (int r = 0; r < oh; r++) {
                    int h = r * stride - pad + i;
                    float *restrict out = row + (size_t)r * ow;
                    if (h < 0 || h >= height) {
                        for (int q = 0; q < ow; q++) out[q] = 0;
                        continue;
                    }
                    const float *restrict line = image + ((size_t)c * height + h) * width;
                    for (int q = 0; q < first; q++) out[q] = 0;
                    if (stride == 1) {
                        const float *restrict from = line + first - pad + j;
                        for (int q = 0; q < end - first; q++) out[first + q] = from[q];
                    } else {
                        for (int q = first; q < end; q++) out[q] = line[q * stride - pad + j];
                    }
                    for (int q = end; q < ow; q++) out[q] = 0;
                }
            }
        }
    }
}

static void columns_to_image(const float *restrict columns, size_t ld, int channels, int height, int width, int kh,
                             int kw, int stride, int pad, int oh, int ow, float *restrict image) {
    for (int c = 0; c < channels; c++) {
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                const float *restrict row = columns + (size_t)((c * kh + i) * kw + j) * ld;
                int first, end;
                inside_columns(width, j, stride, pad, ow, &first, &end);
                for (int r = 0; r < oh; r++) {
                    int h = r * stride - pad + i;
                    if (h < 0 || h >= height) continue;
                    float *restrict line = image + ((size_t)c * height + h) * width;
                    const float *restrict from = row + (size_t)r * ow;
                    if (stride == 1) {
                        float *restrict to = line + first - pad + j;
                        for (int q = 0; q < end - first; q++) to[q] += from[first + q];
                    } else {
                        for (int q = first; q < end; q++) line[q * stride - pad + j] += from[q];
                    }
                }
            }
        }
    }
}

void hogwild_im2col(const float *images, int batch, int channels, int height, int width, int kh, int kw,
                    int stride, int pad, int oh, int ow, float *columns) {
    size_t positions = (size_t)oh * ow, ld = (size_t)batch * positions, image = (size_t)channels * height * width;
    for (int n = 0; n < batch; n++) {
        image_to_columns(images + n * image, channels, height, width, kh, kw, stride, pad, oh, ow,
                         columns + n * positions, ld);
    }
}

void hogwild_col2im(const float *columns, int batch, int channels, int height, int width, int kh, int kw,
                    int stride, int pad, int oh, int ow, float *images) {
    size_t positions = (size_t)oh * ow, ld = (size_t)batch * positions, image = (size_t)channels * height * width;
    for (int n = 0; n < batch; n++) {
        columns_to_image(columns + n * positions, ld, channels, height, width, kh, kw, stride, pad, oh, ow,
                         images + n * image);
    }
}
