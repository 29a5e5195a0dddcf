package io.wizzygen.markdown;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Maps a fenced code block's info string to one of Notion's code languages; unknown → "plain text". */
final class CodeLanguages {

    static final String PLAIN = "plain text";

    private static final Set<String> NOTION = Set.of("abap", "abc", "agda", "arduino", "ascii art", "assembly", "bash", "basic", "bnf",
            "c", "c#", "c++", "clojure", "coffeescript", "coq", "css", "dart", "dhall", "diff", "docker", "ebnf", "elixir", "elm",
            "erlang", "f#", "flow", "fortran", "gherkin", "glsl", "go", "graphql", "groovy", "haskell", "hcl", "html", "idris", "java",
            "javascript", "json", "julia", "kotlin", "latex", "less", "lisp", "livescript", "llvm ir", "lua", "makefile", "markdown",
            "markup", "matlab", "mathematica", "mermaid", "nix", "notion formula", "objective-c", "ocaml", "pascal", "perl", "php",
            "plain text", "powershell", "prolog", "protobuf", "purescript", "python", "r", "racket", "reason", "ruby", "rust", "sass",
            "scala", "scheme", "scss", "shell", "smalltalk", "solidity", "sql", "swift", "toml", "typescript", "vb.net", "verilog",
            "vhdl", "visual basic", "webassembly", "xml", "yaml", "java/c/c++/c#");

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("js", "javascript"), Map.entry("jsx", "javascript"), Map.entry("mjs", "javascript"), Map.entry("node", "javascript"),
            Map.entry("ts", "typescript"), Map.entry("tsx", "typescript"), Map.entry("py", "python"), Map.entry("python3", "python"),
            Map.entry("rb", "ruby"), Map.entry("sh", "shell"), Map.entry("zsh", "shell"), Map.entry("console", "shell"),
            Map.entry("shell-session", "shell"), Map.entry("yml", "yaml"), Map.entry("kt", "kotlin"), Map.entry("kts", "kotlin"),
            Map.entry("cs", "c#"), Map.entry("csharp", "c#"), Map.entry("cpp", "c++"), Map.entry("cc", "c++"), Map.entry("hpp", "c++"),
            Map.entry("cxx", "c++"), Map.entry("h", "c"), Map.entry("golang", "go"), Map.entry("rs", "rust"), Map.entry("dockerfile", "docker"),
            Map.entry("md", "markdown"), Map.entry("text", PLAIN), Map.entry("txt", PLAIN), Map.entry("plaintext", PLAIN),
            Map.entry("plain", PLAIN), Map.entry("ps1", "powershell"), Map.entry("pwsh", "powershell"), Map.entry("objc", "objective-c"),
            Map.entry("tex", "latex"), Map.entry("proto", "protobuf"), Map.entry("hs", "haskell"), Map.entry("ex", "elixir"),
            Map.entry("exs", "elixir"), Map.entry("erl", "erlang"), Map.entry("fs", "f#"), Map.entry("fsharp", "f#"),
            Map.entry("vb", "visual basic"), Map.entry("jsonc", "json"), Map.entry("json5", "json"), Map.entry("htm", "html"),
            Map.entry("svg", "xml"), Map.entry("postgresql", "sql"), Map.entry("mysql", "sql"), Map.entry("psql", "sql"),
            Map.entry("make", "makefile"), Map.entry("wasm", "webassembly"), Map.entry("sol", "solidity"), Map.entry("ml", "ocaml"),
            Map.entry("pl", "perl"), Map.entry("tf", "hcl"), Map.entry("terraform", "hcl"), Map.entry("gql", "graphql"),
            Map.entry("clj", "clojure"), Map.entry("asm", "assembly"), Map.entry("patch", "diff"));

    private CodeLanguages() {
    }

    static String notionLanguage(String info) {
        if (info == null || info.isBlank()) {
            return PLAIN;
        }
        String language = info.strip().split("[\\s{]", 2)[0].toLowerCase(Locale.ROOT);
        if (NOTION.contains(language)) {
            return language;
        }
        return ALIASES.getOrDefault(language, PLAIN);
    }
}
