package io.ddbsync.localstack.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LambdaFunctionTest {

    @Test
    void contextRemainingTime_countsDownFromTimeout() {
        AtomicLong nanos = new AtomicLong(1_000);
        LambdaContext context = new LambdaContext("f", "arn", "req", Duration.ofSeconds(3), nanos::get);

        int atStart = context.getRemainingTimeInMillis();
        nanos.addAndGet(Duration.ofMillis(1_200).toNanos());
        int later = context.getRemainingTimeInMillis();
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());

        assertThat(atStart).isEqualTo(3_000);
        assertThat(later).isEqualTo(1_800);
        assertThat(context.getRemainingTimeInMillis()).isZero();
        assertThat(context.getInvokedFunctionArn()).isEqualTo("arn");
    }

    @Test
    void invoke_handlerThrows_reportsFunctionErrorWithCause() {
        LambdaFunction<SQSEvent, SQSBatchResponse> function = LambdaFunction.of("f", SQSEvent.class, (event, context) -> {
            throw new IllegalStateException("poison " + event.getRecords().get(0).getMessageId());
        }, Duration.ofSeconds(3));

        Invocation<SQSBatchResponse> invocation = function.invoke("{\"Records\":[{\"messageId\":\"m1\",\"body\":\"x\"}]}");

        assertThat(invocation.functionError()).isTrue();
        assertThat(invocation.error()).hasMessage("poison m1");
        assertThat(function.arn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:f");
    }

    @Test
    void invoke_contextHasNameRequestIdAndTime() {
        LambdaFunction<SQSEvent, String> function = LambdaFunction.of("fn-1", SQSEvent.class,
                (event, context) -> context.getFunctionName() + "|" + context.getAwsRequestId() + "|"
                        + (context.getRemainingTimeInMillis() > 0), Duration.ofSeconds(3));

        Invocation<String> invocation = function.invoke("{\"Records\":[]}");

        assertThat(invocation.output()).isEqualTo("fn-1|" + invocation.requestId() + "|true");
    }

    @Test
    void invoke_eventNotJson_throwsEsmExceptionNamingFunction() {
        LambdaFunction<SQSEvent, String> function = LambdaFunction.of("fn-2", SQSEvent.class, (event, context) -> "ok",
                Duration.ofSeconds(3));

        assertThatThrownBy(() -> function.invoke("{not json")).isInstanceOf(EsmException.class).hasMessageContaining("fn-2")
                .hasCauseInstanceOf(RuntimeException.class);
    }
}
