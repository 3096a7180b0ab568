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

    /** The logical id of the one resource of {@code type} whose properties match {@code properties}. */
    /** No error or warning of the AwsSolutions, ServerlessChecks or NIST 800-53 R5 pack is left unsuppressed. */
    static void assertNoUnsuppressedNagFinding(Stack stack) {
        Annotations annotations = Annotations.fromStack(stack);
        for (String pack : List.of("AwsSolutions-.*", "Serverless-.*", "NIST.*")) {
            assertThat(annotations.findError("*", Match.stringLikeRegexp(pack)))
                    .extracting(m -> m.getId() + ": " + m.getEntry().getData()).as(pack).isEmpty();
            assertThat(annotations.findWarning("*", Match.stringLikeRegexp(pack)))
                    .extracting(m -> m.getId() + ": " + m.getEntry().getData()).as(pack).isEmpty();
        }
    }

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
}
