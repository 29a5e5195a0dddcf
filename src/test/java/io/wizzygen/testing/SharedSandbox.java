package io.wizzygen.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One sandbox workspace shared by every test class that asks for it: a {@link SandboxFixture} parameter (of a test or
 * of a {@code @BeforeAll} method) gets the run's one sandbox, started on first use and closed when the tests end. Test
 * classes write into pages and databases they create themselves, so sharing costs them nothing and saves a start each.
 * Use with {@code @ExtendWith(SharedSandbox.class)}.
 */
public final class SharedSandbox implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSandbox.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SandboxFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(SandboxFixture.class, type -> SandboxFixture.start(), SandboxFixture.class);
    }
}
