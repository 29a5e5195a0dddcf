package io.wizzygen.runs;

/**
 * One progress event of a run, as the app's event stream sends it: {@code start}, {@code text}, {@code blocks},
 * {@code row}, {@code resumed} or {@code done}, with JSON data. {@code seq} orders a run's events.
 */
public record RunEvent(long seq, String name, String data) {
}
