package io.ddbsync.model.shape;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * One transformation of a converted document, between conversion and the write (as Data Prepper's {@code Processor}
 * sits between source and sink): the same steps, in the same order, shape the worker's writes and the documents
 * reconcile and reindex compare with — a {@link io.ddbsync.model.convert.DocumentConverter} applies a table's chain
 * after converting an item. Fields are top-level fields of the converted document (after the converter's renaming of
 * reserved names). Steps are immutable and pure apart from changing the document they are given.
 *
 * <p>Defined in one JSON form ({@link Shaping}), each step an object with one key naming it:
 * {@link ShapeSteps.Rename rename}, {@link ShapeSteps.Drop drop}, {@link ShapeSteps.CopyTo copy_to},
 * {@link ShapeSteps.FlattenBlocks flatten_blocks},
 * {@link ShapeSteps.ComputedKeyword computed_keyword}.
 */
public interface ShapeStep {

    /** Changes {@code document} in place. A field the step reads and the document lacks is left alone: no error. */
    void apply(ObjectNode document);

    /** The step's name in the JSON form ({@code rename}, …). */
    String name();

    /** The fields this step may write (so a definition cannot write ddbsync's metadata field). */
    Set<String> writes();

    /** This step in the JSON form: {@code {"<name>": {…}}}. */
    ObjectNode toJson();
}
