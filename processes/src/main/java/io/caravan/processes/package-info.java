/**
 * Runs RAG pipelines drawn as BPMN on Flowable, each step reached through a Camel endpoint.
 *
 * <h2>Authoring contract</h2>
 *
 * <pre>{@code
 * <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
 *              xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 *              xmlns:flowable="http://flowable.org/bpmn"
 *              xmlns:caravan="http://caravan.io/bpmn"
 *              targetNamespace="http://example.org/rag">
 *   <process id="my-rag" isExecutable="true">
 *     <startEvent id="start"/>
 *     <sequenceFlow id="f1" sourceRef="start" targetRef="retrieve"/>
 *     <!-- a step: sends the RagState to caravan:step:retrieve and keeps the answer -->
 *     <serviceTask id="retrieve" flowable:delegateExpression="${caravanStep}" caravan:maxVisits="3">
 *       <extensionElements><flowable:field name="step" stringValue="retrieve"/></extensionElements>
 *     </serviceTask>
 *     <sequenceFlow id="f2" sourceRef="retrieve" targetRef="enough"/>
 *     <!-- gateways read the transient variable run (a ProcessRun) and need a default flow -->
 *     <exclusiveGateway id="enough" default="f4"/>
 *     <sequenceFlow id="f3" sourceRef="enough" targetRef="retrieve">
 *       <conditionExpression xsi:type="tFormalExpression">${run.candidateCount() &lt; 5}</conditionExpression>
 *     </sequenceFlow>
 *     <sequenceFlow id="f4" sourceRef="enough" targetRef="end"/>
 *     <endEvent id="end"/>
 *   </process>
 * </definitions>
 * }</pre>
 *
 * <p>Rules ({@link io.caravan.processes.BpmnValidator}): every service task is a step task as
 * above, naming a step of the context's {@link io.caravan.core.step.StepRegistry} (a Java step or a
 * route consuming {@code caravan:step:<name>}, see {@link io.caravan.processes.camel.CaravanComponent});
 * every cycle passes a step task with {@code caravan:maxVisits} (at most 1000); exclusive and
 * inclusive gateways with several outgoing flows have a default flow; every condition is a Caravan
 * condition ({@link io.caravan.processes.condition.Condition}); no Java (classes, expressions,
 * listeners), no scripts ever, nothing that waits (user tasks, timers, messages, async); documents
 * within {@link io.caravan.processes.BpmnLimits}. The engine itself evaluates only {@code
 * ${caravanStep}} and Caravan conditions and runs no scripts, whatever was deployed.
 */
package io.caravan.processes;
