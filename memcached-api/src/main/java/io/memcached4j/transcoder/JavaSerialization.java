package io.memcached4j.transcoder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Java serialization with an allow-list: reading accepts only the classes named when it was
 * created (and boxed primitives, {@code String}, and arrays of these or of {@code Object}), checked by an
 * {@link ObjectInputFilter} on every class descriptor before any instance of it exists, plus
 * limits on depth, references and array lengths. Deserializing bytes from a shared cache without
 * this is a known remote-code-execution hole.
 */
final class JavaSerialization {
    /** Harmless classes; {@code Object} is not serializable itself and is here for {@code Object[]}, as collections write it. */
    private static final Set<String> ALWAYS_ALLOWED = Set.of("java.lang.Object", "java.lang.String", "java.lang.Boolean",
            "java.lang.Byte", "java.lang.Character", "java.lang.Short", "java.lang.Integer", "java.lang.Long",
            "java.lang.Float", "java.lang.Double", "java.lang.Number", "java.lang.Enum");
    private static final long MAX_DEPTH = 64;
    private static final long MAX_REFERENCES = 1_000_000;
    private static final long MAX_ARRAY_LENGTH = 10_000_000;

    /** No class may be deserialized: serialization is off. */
    static final JavaSerialization OFF = new JavaSerialization(Set.of());

    private final Set<String> allowed;

    private JavaSerialization(Set<String> allowed) {
        this.allowed = allowed;
    }

    static JavaSerialization allowing(Collection<Class<?>> classes) {
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> c : classes) {
            names.add(Objects.requireNonNull(c, "allowed class").getName());
        }
        return new JavaSerialization(Set.copyOf(names));
    }

    static byte[] serialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("cannot serialize a " + value.getClass().getName()
                    + ": " + e.getMessage() + " is not Serializable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize a " + value.getClass().getName(), e);
        }
        return bytes.toByteArray();
    }

    Object deserialize(byte[] bytes) {
        if (allowed.isEmpty()) {
            throw new TranscoderException("the value is a Java-serialized object and Java serialization is off:"
                    + " name the classes it may deserialize, e.g. Transcoders.serialized(MyValue.class)");
        }
        Filter filter = new Filter();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (InvalidClassException e) {
            if (filter.refusal != null) {
                throw new TranscoderException(filter.refusal, e);
            }
            throw new TranscoderException("the serialized object cannot be read: " + e.getMessage(), e);
        } catch (IOException | ClassNotFoundException e) {
            throw new TranscoderException("the serialized object cannot be read: " + e, e);
        }
    }

    @Override
    public String toString() {
        return allowed.isEmpty() ? "off" : allowed.stream().sorted().collect(Collectors.joining(", ", "allowing [", "]"));
    }

    /** Checks one stream; remembers why it refused, for the exception. */
    private final class Filter implements ObjectInputFilter {
        private String refusal;

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES || info.arrayLength() > MAX_ARRAY_LENGTH) {
                refusal = "refused to deserialize: the object graph is over the limits (depth " + info.depth()
                        + " of " + MAX_DEPTH + ", references " + info.references() + " of " + MAX_REFERENCES
                        + ", array length " + info.arrayLength() + " of " + MAX_ARRAY_LENGTH + ")";
                return Status.REJECTED;
            }
            Class<?> type = info.serialClass();
            if (type == null) {
                return Status.ALLOWED;
            }
            while (type.isArray()) {
                type = type.getComponentType();
            }
            if (type.isPrimitive() || ALWAYS_ALLOWED.contains(type.getName()) || allowed.contains(type.getName())) {
                return Status.ALLOWED;
            }
            refusal = "refused to deserialize " + type.getName() + ": it is not among the classes this transcoder"
                    + " may deserialize " + Arrays.toString(allowed.stream().sorted().toArray())
                    + "; name it (and its serializable superclasses and field types) to allow it";
            return Status.REJECTED;
        }
    }
}
