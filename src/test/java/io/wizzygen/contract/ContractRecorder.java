package io.wizzygen.contract;

import io.wizzygen.notion.NotionExchange;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Collects a client's exchanges and checks each request and response against Notion's published documents. */
public final class ContractRecorder implements Consumer<NotionExchange> {

    private final List<NotionExchange> exchanges = new CopyOnWriteArrayList<>();

    @Override
    public void accept(NotionExchange exchange) {
        exchanges.add(exchange);
    }

    public List<NotionExchange> exchanges() {
        return List.copyOf(exchanges);
    }

    public void clear() {
        exchanges.clear();
    }

    /** Every problem found in the recorded requests and answers (no answer, status 0, is skipped). */
    public List<String> problems() {
        NotionContract contract = NotionContract.load();
        List<String> problems = new ArrayList<>();
        for (NotionExchange exchange : exchanges) {
            problems.addAll(contract.requestProblems(exchange.method(), exchange.path(), exchange.requestBody()));
            if (exchange.status() != 0) {
                problems.addAll(contract.responseProblems(exchange.method(), exchange.path(), exchange.notionVersion(), exchange.status(), exchange.responseBody()));
            }
        }
        return problems;
    }
}
