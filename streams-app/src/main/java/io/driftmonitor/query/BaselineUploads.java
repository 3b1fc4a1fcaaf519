package io.driftmonitor.query;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.driftmonitor.config.ModelPolicy;
import io.driftmonitor.schema.Baseline;
import io.javalin.http.Context;

/**
 * A training sample uploaded as CSV or JSON lines, turned into a baseline as it streams in. Bodies
 * larger than {@code http.max_upload_bytes} are refused with 413, whatever their Content-Length said.
 */
final class BaselineUploads {
    private final ApiContext api;
    private final BaselineResource baselines;

    BaselineUploads(ApiContext api, BaselineResource baselines) {
        this.api = api;
        this.baselines = baselines;
    }

    void publish(Context ctx, SampleBaselines.Format format) throws IOException {
        String model = Params.model(ctx);
        long declared = ctx.contentLength();
        long maxBytes = api.config.http.maxUploadBytes;
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        ApiContext.Attached a = api.attached();
        ModelPolicy policy = api.config.policyFor(model);
        long version = baselines.nextVersion(a, model);
        Baseline b;
        try (InputStream in = new LimitedInputStream(ctx.req().getInputStream(), maxBytes)) {
            b = SampleBaselines.fromSample(model, in, format, policy, version, System.currentTimeMillis(),
                Params.longQuery(ctx, "effective_from", 0));
        }
        b.setTrainingDataVersion(ctx.queryParam("training_data_version"));
        baselines.respondCreated(ctx, baselines.publish(a, b));
    }

    static ApiException tooLarge(long maxBytes) {
        return ApiException.tooLarge("the body is larger than http.max_upload_bytes = " + maxBytes);
    }

    /** Stops reading (413) once more than the upload limit has arrived. */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long read;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++read > limit) {
                throw tooLarge(limit);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && (read += n) > limit) {
                throw tooLarge(limit);
            }
            return n;
        }
    }
}
