package io.ddbsync.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Helpers for template assertions that find resources by their properties, never by hashed ids. */
final class TemplateSupport {

    private TemplateSupport() {
    }

    /** No error or warning of the AwsSolutions, ServerlessChecks or NIST 800-53 R5 pack is left unsuppressed. */
    static void assertNoUnsuppressedNagFinding(Stack stack) {
        Annotations annotations = Annotations.fromStack(stack);
        List<String> findings = new java.util.ArrayList<>();
        for (String pack : List.of("AwsSolutions-.*", "Serverless-.*", "NIST.*")) {
            annotations.findError("*", Match.stringLikeRegexp(pack))
                    .forEach(m -> findings.add(m.getId() + ": " + m.getEntry().getData()));
            annotations.findWarning("*", Match.stringLikeRegexp(pack))
                    .forEach(m -> findings.add(m.getId() + ": " + m.getEntry().getData()));
        }
        assertThat(findings).as("unsuppressed cdk-nag findings").isEmpty();
    }

    /** The logical id of the one resource of {@code type} whose properties match {@code properties}. */
    static String logicalId(Template template, String type, Map<String, ?> properties) {
        Map<String, Map<String, Object>> found = template.findResources(type,
                Map.of("Properties", Match.objectLike(properties)));
        assertThat(found).as("%s matching %s", type, properties).hasSize(1);
        return found.keySet().iterator().next();
    }

    /** A property map from alternating keys and values (for more than Map.of's ten pairs). */
    static Map<String, Object> props(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The logical id of the dead-letter queue that {@code queueLogicalId}'s redrive policy names. */
    @SuppressWarnings("unchecked")
    static String deadLetterQueueOf(Template template, String queueLogicalId) {
        Map<String, Object> redrive = (Map<String, Object>) propertiesOf(template, queueLogicalId).get("RedrivePolicy");
        assertThat(redrive).as("redrive policy of %s", queueLogicalId).isNotNull();
        List<Object> getAtt = (List<Object>) ((Map<String, Object>) redrive.get("deadLetterTargetArn")).get("Fn::GetAtt");
        return (String) getAtt.get(0);
    }

    static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }

    /** The literal text of a CloudFormation value: strings kept, Fn::Join parts flattened, tokens as JSON. */
    @SuppressWarnings("unchecked")
    static String flatten(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Map<?, ?> map && map.containsKey("Fn::Join")) {
            List<Object> join = (List<Object>) map.get("Fn::Join");
            StringBuilder out = new StringBuilder();
            for (Object part : (List<Object>) join.get(1)) {
                out.append(flatten(part));
            }
            return out.toString();
        }
        return String.valueOf(value);
    }

    /** All IAM policy statements of the role's default policy, found by the role's logical id. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statementsOfRole(Template template, String roleLogicalId) {
        Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy",
                Map.of("Properties", Match.objectLike(Map.of("Roles", List.of(ref(roleLogicalId))))));
        assertThat(policies).as("policy of role %s", roleLogicalId).hasSize(1);
        Map<String, Object> properties = (Map<String, Object>) policies.values().iterator().next().get("Properties");
        Map<String, Object> document = (Map<String, Object>) properties.get("PolicyDocument");
        return (List<Map<String, Object>>) document.get("Statement");
    }

    /** The role logical id of the Lambda function with this handler. */
    @SuppressWarnings("unchecked")
    static String roleOfFunction(Template template, String handler) {
        Map<String, Map<String, Object>> functions = template.findResources("AWS::Lambda::Function",
                Map.of("Properties", Match.objectLike(Map.of("Handler", handler))));
        assertThat(functions).hasSize(1);
        Map<String, Object> properties = (Map<String, Object>) functions.values().iterator().next().get("Properties");
        List<Object> roleArn = (List<Object>) ((Map<String, Object>) properties.get("Role")).get("Fn::GetAtt");
        return (String) roleArn.get(0);
    }

    /** The type of the resource with this logical id (empty when there is none). */
    @SuppressWarnings("unchecked")
    static String typeOf(Template template, String logicalId) {
        Map<String, Object> resources = (Map<String, Object>) template.toJSON().get("Resources");
        Object resource = resources.get(logicalId);
        return resource instanceof Map<?, ?> r ? String.valueOf(r.get("Type")) : "";
    }

    /** The properties of the resource with this logical id. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> propertiesOf(Template template, String logicalId) {
        Map<String, Object> resources = (Map<String, Object>) template.toJSON().get("Resources");
        assertThat(resources).as("resources").containsKey(logicalId);
        return (Map<String, Object>) ((Map<String, Object>) resources.get(logicalId)).get("Properties");
    }

    /**
     * Whether CloudFormation creates {@code to} before {@code from}: {@code from} names it in its
     * DependsOn, a Ref or a Fn::GetAtt, directly or through other resources.
     */
    @SuppressWarnings("unchecked")
    static boolean createdAfter(Template template, String from, String to) {
        Map<String, Object> resources = (Map<String, Object>) template.toJSON().get("Resources");
        java.util.Deque<String> pending = new java.util.ArrayDeque<>(List.of(from));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            String id = pending.pop();
            if (!seen.add(id) || !resources.containsKey(id)) {
                continue;
            }
            java.util.Set<String> next = new java.util.HashSet<>();
            references(resources.get(id), resources.keySet(), next);
            if (next.contains(to)) {
                return true;
            }
            pending.addAll(next);
        }
        return false;
    }

    /** Every logical id that {@code node} names in a DependsOn, Ref or Fn::GetAtt. */
    private static void references(Object node, java.util.Set<String> ids, java.util.Set<String> out) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object v = e.getValue();
                if ("Ref".equals(e.getKey()) && v instanceof String s && ids.contains(s)) {
                    out.add(s);
                } else if ("Fn::GetAtt".equals(e.getKey()) && v instanceof List<?> l && ids.contains(String.valueOf(l.get(0)))) {
                    out.add(String.valueOf(l.get(0)));
                } else if ("DependsOn".equals(e.getKey())) {
                    (v instanceof List<?> l ? l : List.of(v)).forEach(d -> out.add(String.valueOf(d)));
                } else {
                    references(v, ids, out);
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> references(item, ids, out));
        }
    }
}
