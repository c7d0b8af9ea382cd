package io.kinesisopensearch.localstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link LocalStack}: declare {@code @ExtendWith(LocalStackExtension.class)} and take
 * a {@code LocalStack} parameter in a constructor, a lifecycle method or a test. One stack serves
 * every test class of the run and is stopped when the run ends, whether the tests pass or fail.
 */
public final class LocalStackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(LocalStackExtension.class))
                .computeIfAbsent(LocalStack.class, type -> LocalStack.start(), LocalStack.class);
    }
}
