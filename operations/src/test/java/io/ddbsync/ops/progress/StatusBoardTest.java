package io.ddbsync.ops.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusBoardTest {

    @Test
    void show_notATerminal_printsWholeLinesNowAndThenAndTheLastOnFinish() {
        StringWriter text = new StringWriter();
        StatusBoard board = new StatusBoard(new PrintWriter(text), false, 60_000);

        board.show(List.of("checked 10 items and documents"));
        board.show(List.of("checked 20 items and documents")); // within the interval: not printed
        board.finish(List.of("checked 30 items and documents"));

        assertThat(text.toString()).doesNotContain("\r").doesNotContain("\033")
                .isEqualTo(String.join(System.lineSeparator(), "checked 10 items and documents", "",
                        "checked 30 items and documents", "", ""));
    }

    @Test
    void show_terminal_redrawsInPlace() {
        StringWriter text = new StringWriter();
        StatusBoard board = new StatusBoard(new PrintWriter(text), true, 60_000);

        board.show(List.of("checked 10 items and documents"));
        board.show(List.of("checked 20 items and documents"));

        assertThat(text.toString()).contains("\033[1F\033[2Kchecked 20 items and documents");
    }
}
