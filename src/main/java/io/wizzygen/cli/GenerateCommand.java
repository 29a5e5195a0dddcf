package io.wizzygen.cli;

import io.wizzygen.ai.AiEngine;
import io.wizzygen.generation.PageGenerator;
import io.wizzygen.runs.Flows;
import io.wizzygen.runs.Outcome;
import io.wizzygen.runs.Progress;
import io.wizzygen.notion.NotionIds;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code wizzygen generate}: AI content into Notion from the command line. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes AI-generated content into a Notion page, or one answer into each ticked row of a database.",
        subcommands = {GenerateCommand.PageCommand.class, DatabaseCommand.class})
final class GenerateCommand implements Runnable {

    static final int OK = 0;
    static final int SETUP_ERROR = 1;
    static final int SOME_ROWS_FAILED = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "page", mixinStandardHelpOptions = true,
            description = {"Generates content for a Notion page from a prompt and appends it (or replaces the page's content).",
                "Needs NOTION_TOKEN (and NOTION_API_BASE_URL for the sandbox) and an AI engine."})
    static final class PageCommand implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "URL", description = "The page's link or id, e.g. " + NotionIds.EXAMPLE)
        String url;

        @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "What the page should contain.")
        String prompt;

        @Option(names = "--replace", description = "Replace the page's content instead of appending (sub-pages and databases stay).")
        boolean replace;

        @Option(names = "--with-page-text", description = "Give the AI the page's current text as context (\"summarise this page\").")
        boolean withPageText;

        @Mixin
        Connect connect;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            AiEngine engine = connect.engine();
            PageGenerator generator = new PageGenerator(connect.notion(), engine, connect.prices());
            out.println("Writing with " + engine.label() + " …");
            out.flush();
            Outcome outcome = Flows.page(generator, new PageGenerator.Job(url, prompt, replace, withPageText, connect.model, null),
                    engine.label(), () -> false, progress -> {
                        if (progress instanceof Progress.Blocks blocks) {
                            out.println("  " + Outcome.plural(blocks.total(), "block") + " written");
                            out.flush();
                        }
                    });
            if (!outcome.ok()) {
                throw new IllegalArgumentException(outcome.message());
            }
            out.printf("Done: %s %.1f s.%n", outcome.message(), outcome.elapsed().toMillis() / 1000.0);
            return OK;
        }
    }
}
