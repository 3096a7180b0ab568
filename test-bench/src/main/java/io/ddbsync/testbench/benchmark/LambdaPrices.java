package io.ddbsync.testbench.benchmark;

/**
 * AWS Lambda's on-demand prices for functions on {@code arm64} (Graviton) in US East (N. Virginia), {@code us-east-1}, as
 * listed on <a href="https://aws.amazon.com/lambda/pricing/">AWS Lambda pricing</a> (read 2026-12): duration
 * {@value #USD_PER_GB_SECOND} USD per GB-second (the first tier, up to 7.5 billion GB-seconds a month; 0.0000120001 and
 * 0.0000106667 above), requests {@value #USD_PER_MILLION_REQUESTS} USD per million. A GB-second is the configured memory
 * in GB (MB ÷ 1,024) times the billed duration, rounded up to the millisecond. The free tier (1 million requests and
 * 400,000 GB-seconds a month) is left out.
 */
public final class LambdaPrices {

    /** USD per GB-second of duration, arm64, us-east-1, first tier. */
    public static final double USD_PER_GB_SECOND = 0.0000133334;
    /** USD per million requests (invocations), arm64 and x86_64 alike. */
    public static final double USD_PER_MILLION_REQUESTS = 0.20;

    private LambdaPrices() {
    }
}
