package io.ddbsync.worker.support;

import io.ddbsync.localstack.LocalAws;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Creates tables on the local DynamoDB server (dynalite) with a string partition key. */
public final class Tables {

    private Tables() {
    }

    public static void createWithStringKey(DynamoDbClient dynamoDb, String table, String keyName) {
        dynamoDb.createTable(b -> b.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(keyName).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(keyName).keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        LocalAws.awaitActive(dynamoDb, table);
    }
}
