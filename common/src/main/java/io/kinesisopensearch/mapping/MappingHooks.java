package io.kinesisopensearch.mapping;

import io.kinesisopensearch.config.ConfigException;
import io.kinesisopensearch.config.Settings;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * The user code a mapping runs, if any: a {@link DocumentHook}, a {@link RecordHook}, or one object
 * that is both. Chosen in code ({@link #of(DocumentHook)}, {@link #of(RecordHook)}) or by the setting
 * {@value #HOOK}, which names a class on the class path with a public constructor taking the
 * {@link Settings} (so that the hook reads settings of its own) or none.
 *
 * @param document the hook each decoded document goes through, if any
 * @param record   the hook that maps whole records, if any
 */
public record MappingHooks(Optional<DocumentHook> document, Optional<RecordHook> record) {

    /** The class of the mapping hook: implements {@link DocumentHook}, {@link RecordHook} or both. */
    public static final String HOOK = "mapping.hook";

    /** No user code: the settings alone map. */
    public static final MappingHooks NONE = new MappingHooks(Optional.empty(), Optional.empty());

    /**
     * Only a document hook.
     *
     * @param hook the hook each decoded document goes through
     * @return the hooks
     */
    public static MappingHooks of(DocumentHook hook) {
        return new MappingHooks(Optional.of(hook), Optional.empty());
    }

    /**
     * Only a record hook.
     *
     * @param hook the hook that maps whole records
     * @return the hooks
     */
    public static MappingHooks of(RecordHook hook) {
        return new MappingHooks(Optional.empty(), Optional.of(hook));
    }

    /**
     * Whether there is no user code.
     *
     * @return true when there is neither hook
     */
    public boolean isEmpty() {
        return document.isEmpty() && record.isEmpty();
    }

    MappingHooks withoutRecordHook() {
        return new MappingHooks(document, Optional.empty());
    }

    /**
     * The hook {@value #HOOK} names, or {@link #NONE}. The class is loaded with the thread's context
     * class loader and made once; an object that is both kinds of hook is both hooks.
     *
     * @param settings the settings, handed to the hook's constructor when it takes them
     * @return the hooks
     * @throws ConfigException when the class is missing, cannot be made, or is no hook
     */
    public static MappingHooks from(Settings settings) {
        Optional<String> name = settings.find(HOOK);
        if (name.isEmpty()) {
            return NONE;
        }
        Object hook = instantiate(name.get().trim(), settings);
        Optional<DocumentHook> document = hook instanceof DocumentHook d ? Optional.of(d) : Optional.empty();
        Optional<RecordHook> record = hook instanceof RecordHook r ? Optional.of(r) : Optional.empty();
        if (document.isEmpty() && record.isEmpty()) {
            throw Settings.invalid(HOOK, name.get(), "must name a class that implements "
                    + DocumentHook.class.getName() + " or " + RecordHook.class.getName());
        }
        return new MappingHooks(document, record);
    }

    private static Object instantiate(String name, Settings settings) {
        Class<?> type;
        try {
            type = Class.forName(name, true, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw Settings.invalid(HOOK, name, "no such class on the class path (" + e + ")");
        }
        try {
            try {
                Constructor<?> withSettings = type.getConstructor(Settings.class);
                return withSettings.newInstance(settings);
            } catch (NoSuchMethodException noSettings) {
                return type.getConstructor().newInstance();
            }
        } catch (NoSuchMethodException e) {
            throw Settings.invalid(HOOK, name, "needs a public constructor taking Settings, or none");
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException config) {
                throw config;
            }
            throw Settings.invalid(HOOK, name, "its constructor threw " + cause);
        } catch (ReflectiveOperationException e) {
            throw Settings.invalid(HOOK, name, "cannot be made: " + e);
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : MappingHooks.class.getClassLoader();
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "no hook";
        }
        Object hook = document.isPresent() ? document.get() : record.get();
        return hook.getClass().getName();
    }
}
